using FhirChain.Interop.Er7;
using Hl7.Fhir.Model;

namespace FhirChain.Interop.Mapping;

/// <summary>
/// PV1 to Encounter: class (PV1-2, v3 ActCode), visit number (PV1-19) identifier, period
/// (PV1-44/45), location (PV1-3) and practitioners (PV1-7/8/9/17) as displays.
/// </summary>
internal static class Pv1Mapper
{
    private const string ActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    private const string ParticipationType = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";

    public static (Encounter Encounter, Identifier? Key) Map(MappingContext context, Hl7Segment pv1, Encounter.EncounterStatus status)
    {
        var encounter = new Encounter
        {
            Status = status,
            Class = Class(pv1.Value(2)),
            Subject = context.PatientUrl is null ? null : MappingContext.Reference(context.PatientUrl),
        };
        var key = CxConverter.ToIdentifier(pv1.Field(19).Repetition(1), context.FallbackAuthority);
        if (key is not null)
        {
            key.Type ??= new CodeableConcept(CodeSystems.V2Prefix + "0203", "VN");
            encounter.Identifier.Add(key);
        }

        var start = context.DateTime(pv1.Value(44));
        var end = context.DateTime(pv1.Value(45));
        if (start is not null || end is not null)
        {
            encounter.Period = new Period { StartElement = start, EndElement = end };
        }

        var location = Location(pv1.Field(3).Repetition(1));
        if (location.Length > 0)
        {
            encounter.Location.Add(new Encounter.LocationComponent { Location = new ResourceReference { Display = location } });
        }

        AddParticipant(encounter, pv1.Field(7), "ATND", "attender");
        AddParticipant(encounter, pv1.Field(8), "REF", "referrer");
        AddParticipant(encounter, pv1.Field(9), "CON", "consultant");
        AddParticipant(encounter, pv1.Field(17), "ADM", "admitter");
        return (encounter, key);
    }

    public static Coding Class(string patientClass) => patientClass.Trim().ToUpperInvariant() switch
    {
        "E" => new Coding(ActCode, "EMER", "emergency"),
        "I" or "B" => new Coding(ActCode, "IMP", "inpatient encounter"),
        "O" or "R" or "C" => new Coding(ActCode, "AMB", "ambulatory"),
        "P" => new Coding(ActCode, "PRENC", "pre-admission"),
        _ => new Coding("http://terminology.hl7.org/CodeSystem/v3-NullFlavor", "UNK", "unknown"),
    };

    /// <summary>PL point of care, room, bed, facility as one display ("EMERG 101 01").</summary>
    private static string Location(Hl7Repetition pl) =>
        string.Join(' ', new[] { pl.Component(1).Value, pl.Component(2).Value, pl.Component(3).Value, pl.Component(4).Value }
            .Select(p => p.Trim()).Where(p => p.Length > 0));

    private static void AddParticipant(Encounter encounter, Hl7Field field, string code, string display)
    {
        foreach (var xcn in field.Repetitions)
        {
            var name = XpnConverter.ToHumanName(xcn, 1);
            var id = xcn.Component(1).Value.Trim();
            var text = name is null ? id : XpnConverter.Display(name);
            if (text.Length == 0)
            {
                continue;
            }

            encounter.Participant.Add(new Encounter.ParticipantComponent
            {
                Type = [new CodeableConcept(ParticipationType, code, display)],
                Individual = new ResourceReference { Display = text },
            });
        }
    }
}
