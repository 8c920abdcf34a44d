using FhirChain.Interop.Acks;
using FhirChain.Interop.Er7;
using Hl7.Fhir.Model;

namespace FhirChain.Interop.Mapping;

/// <summary>
/// ORU^R01: PID to Patient, optional PV1 to Encounter, each OBR to a DiagnosticReport whose
/// results are the Observations of the OBX segments that follow it (NTE after an OBX to its note).
/// </summary>
internal static class OruMapper
{
    public static void Map(MappingContext context)
    {
        if (PidMapper.MapRequired(context) is not var (patient, key))
        {
            return;
        }

        context.PatientUrl = context.Add(patient, key);
        var pv1 = context.Message.Segment("PV1");
        if (pv1 is not null && pv1.Value(2).Trim() is { Length: > 0 } and not "N")
        {
            var (encounter, encounterKey) = Pv1Mapper.Map(context, pv1, pv1.Value(45).Length > 0 ? Encounter.EncounterStatus.Finished : Encounter.EncounterStatus.InProgress);
            context.EncounterUrl = context.Add(encounter, encounterKey);
        }

        DiagnosticReport? report = null;
        Identifier? reportKey = null;
        Hl7Segment? obr = null;
        Observation? lastObservation = null;
        foreach (var segment in context.Message.Segments)
        {
            switch (segment.Id)
            {
                case "OBR":
                    Flush(context, report, reportKey);
                    obr = segment;
                    (report, reportKey) = ObrMapper.Map(context, segment) is var (r, k) ? (r, k) : (null, null);
                    lastObservation = null;
                    break;
                case "OBX":
                    lastObservation = ObxMapper.Map(context, segment, obr?.Value(7));
                    if (lastObservation is not null)
                    {
                        var observationKey = ObservationKey(reportKey, segment);
                        if (observationKey is not null)
                        {
                            lastObservation.Identifier.Add(observationKey);
                        }

                        var url = context.Add(lastObservation, observationKey);
                        report?.Result.Add(MappingContext.Reference(url));
                    }

                    break;
                case "NTE" when lastObservation is not null:
                    var note = string.Join('\n', segment.Field(3).Repetitions.Select(r => Er7Escaping.Unescape(r.Raw, segment.Delimiters)));
                    if (note.Trim().Length > 0)
                    {
                        lastObservation.Note.Add(new Annotation { Text = note });
                    }

                    break;
            }
        }

        Flush(context, report, reportKey);
    }

    /// <summary>The order number with the OBX set id (OBX-1, else its position) appended: "ORD1-3".</summary>
    private static Identifier? ObservationKey(Identifier? orderKey, Hl7Segment obx)
    {
        var setId = obx.Value(1).Trim();
        if (orderKey is null || setId.Length == 0)
        {
            return null;
        }

        return new Identifier(orderKey.System, orderKey.Value + "-" + setId);
    }

    private static void Flush(MappingContext context, DiagnosticReport? report, Identifier? key)
    {
        if (report is not null)
        {
            context.Add(report, key);
        }
    }
}
