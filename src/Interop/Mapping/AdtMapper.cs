using FhirChain.Interop.Acks;
using Hl7.Fhir.Model;

namespace FhirChain.Interop.Mapping;

/// <summary>
/// ADT events: A01/A04 (admit/register), A08/A31 (update), A03 (discharge), A28 (add person),
/// A40 (merge, with MRG). Patient from PID and NK1, Encounter from PV1 for visit events.
/// </summary>
internal static class AdtMapper
{
    public static readonly IReadOnlySet<string> Events = new HashSet<string>(StringComparer.Ordinal) { "A01", "A03", "A04", "A08", "A28", "A31", "A40" };

    public static void Map(MappingContext context, string trigger)
    {
        if (PidMapper.MapRequired(context) is not var (patient, key))
        {
            return;
        }

        foreach (var nk1 in context.Message.SegmentsOf("NK1"))
        {
            if (Nk1Mapper.Map(nk1) is { } contact)
            {
                patient.Contact.Add(contact);
            }
        }

        context.PatientUrl = context.Add(patient, key);
        if (trigger == "A40")
        {
            MergeMapper.Map(context, patient);
            return;
        }

        var pv1 = context.Message.Segment("PV1");
        if (pv1 is null || trigger is "A28" or "A31" || pv1.Value(2).Trim() == "N")
        {
            return;
        }

        var hasEnd = pv1.Value(45).Length > 0;
        var status = trigger switch
        {
            "A03" => Encounter.EncounterStatus.Finished,
            "A04" => Encounter.EncounterStatus.Arrived,
            "A08" when hasEnd => Encounter.EncounterStatus.Finished,
            _ => Encounter.EncounterStatus.InProgress,
        };
        var (encounter, encounterKey) = Pv1Mapper.Map(context, pv1, status);
        if (trigger == "A03" && encounter.Period?.EndElement is null)
        {
            var end = context.DateTime(context.Message.Segment("EVN")?.Value(6) ?? string.Empty)
                ?? context.DateTime(context.Message.Segment("EVN")?.Value(2) ?? string.Empty)
                ?? context.DateTime(context.Message.Timestamp);
            if (end is not null)
            {
                encounter.Period ??= new Period();
                encounter.Period.EndElement = end;
            }
        }

        context.EncounterUrl = context.Add(encounter, encounterKey);
    }
}
