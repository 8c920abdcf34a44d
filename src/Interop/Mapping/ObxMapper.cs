using FhirChain.Interop.Acks;
using FhirChain.Interop.Er7;
using Hl7.Fhir.Model;

namespace FhirChain.Interop.Mapping;

/// <summary>
/// OBX to Observation: code (OBX-3), value (OBX-2/5/6), reference range (OBX-7), interpretation
/// (OBX-8), status (OBX-11), effective (OBX-14, else the OBR's observation time).
/// </summary>
internal static class ObxMapper
{
    private const string Interpretation = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

    public static Observation? Map(MappingContext context, Hl7Segment obx, string? fallbackEffective)
    {
        var code = CweConverter.ToCodeableConcept(obx.Field(3).Repetition(1));
        if (code is null)
        {
            context.Error(Hl7ErrorCode.RequiredFieldMissing, "OBX-3 observation identifier is missing.", obx, 3);
            return null;
        }

        if (!ObxValueConverter.TryConvert(context, obx, out var value))
        {
            context.Error(Hl7ErrorCode.DataTypeError, $"OBX-5 '{obx.Value(5)}' is not a valid {obx.Value(2)} value.", obx, 5);
            return null;
        }

        var observation = new Observation
        {
            Status = Status(obx.Value(11)),
            Code = code,
            Value = value,
            Subject = context.PatientUrl is null ? null : MappingContext.Reference(context.PatientUrl),
            Encounter = context.EncounterUrl is null ? null : MappingContext.Reference(context.EncounterUrl),
            Effective = context.DateTime(obx.Value(14)) ?? (fallbackEffective is null ? null : context.DateTime(fallbackEffective)),
        };
        if (ReferenceRange(obx) is { } range)
        {
            observation.ReferenceRange.Add(range);
        }

        foreach (var flag in obx.Field(8).Repetitions)
        {
            var flagCode = flag.Component(1).Value.Trim();
            if (flagCode.Length > 0)
            {
                var display = flag.Component(2).Value;
                observation.Interpretation.Add(new CodeableConcept(Interpretation, flagCode, display.Length > 0 ? display : null, null));
            }
        }

        return observation;
    }

    public static ObservationStatus Status(string code) => code.Trim().ToUpperInvariant() switch
    {
        "F" or "U" => ObservationStatus.Final,
        "C" => ObservationStatus.Corrected,
        "A" => ObservationStatus.Amended,
        "P" or "R" or "S" => ObservationStatus.Preliminary,
        "I" or "O" => ObservationStatus.Registered,
        "D" or "W" => ObservationStatus.EnteredInError,
        "X" or "N" => ObservationStatus.Cancelled,
        _ => ObservationStatus.Unknown,
    };

    private static Observation.ReferenceRangeComponent? ReferenceRange(Hl7Segment obx)
    {
        var text = obx.Value(7).Trim();
        if (text.Length == 0)
        {
            return null;
        }

        var range = new Observation.ReferenceRangeComponent { Text = text };
        var dash = text.IndexOf('-', 1);
        if (dash > 0 && ObxValueConverter.TryDecimal(text[..dash], out var low) && ObxValueConverter.TryDecimal(text[(dash + 1)..], out var high))
        {
            range.Low = ObxValueConverter.Quantity(low, obx);
            range.High = ObxValueConverter.Quantity(high, obx);
        }
        else if (text.StartsWith('<') && ObxValueConverter.TryDecimal(text.TrimStart('<', '='), out var below))
        {
            range.High = ObxValueConverter.Quantity(below, obx);
        }
        else if (text.StartsWith('>') && ObxValueConverter.TryDecimal(text.TrimStart('>', '='), out var above))
        {
            range.Low = ObxValueConverter.Quantity(above, obx);
        }

        return range;
    }
}
