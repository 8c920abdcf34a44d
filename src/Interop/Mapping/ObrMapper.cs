using FhirChain.Interop.Acks;
using FhirChain.Interop.Er7;
using Hl7.Fhir.Model;

namespace FhirChain.Interop.Mapping;

/// <summary>
/// OBR to DiagnosticReport: identifiers from the filler (OBR-3) and placer (OBR-2) order numbers,
/// code (OBR-4), status (OBR-25), effective (OBR-7, to OBR-8 as a period), issued (OBR-22).
/// </summary>
internal static class ObrMapper
{
    public static (DiagnosticReport Report, Identifier? Key)? Map(MappingContext context, Hl7Segment obr)
    {
        var code = CweConverter.ToCodeableConcept(obr.Field(4).Repetition(1));
        if (code is null)
        {
            context.Error(Hl7ErrorCode.RequiredFieldMissing, "OBR-4 universal service identifier is missing.", obr, 4);
            return null;
        }

        var report = new DiagnosticReport
        {
            Status = Status(obr.Value(25)),
            Code = code,
            Subject = context.PatientUrl is null ? null : MappingContext.Reference(context.PatientUrl),
            Encounter = context.EncounterUrl is null ? null : MappingContext.Reference(context.EncounterUrl),
            Issued = TsConverter.ToInstant(obr.Value(22), context.Zone),
        };
        var start = context.DateTime(obr.Value(7));
        var end = context.DateTime(obr.Value(8));
        report.Effective = end is null || start is null ? start : new Period { StartElement = start, EndElement = end };

        var filler = OrderIdentifier(context, obr.Field(3).Repetition(1), "FILL");
        var placer = OrderIdentifier(context, obr.Field(2).Repetition(1), "PLAC");
        foreach (var identifier in new[] { filler, placer })
        {
            if (identifier is not null)
            {
                report.Identifier.Add(identifier);
            }
        }

        return (report, filler ?? placer);
    }

    /// <summary>EI (entity id ^ namespace ^ universal id ^ type) to Identifier.</summary>
    public static Identifier? OrderIdentifier(MappingContext context, Hl7Repetition ei, string typeCode)
    {
        var value = ei.Component(1).Value.Trim();
        if (value.Length == 0)
        {
            return null;
        }

        var system = IdentifierSystems.FromAuthority(ei.Component(2).Value, ei.Component(3).Value, ei.Component(4).Value)
            ?? IdentifierSystems.FromAuthority(context.FallbackAuthority, string.Empty, string.Empty);
        return new Identifier(system, value) { Type = new CodeableConcept(CodeSystems.V2Prefix + "0203", typeCode) };
    }

    public static DiagnosticReport.DiagnosticReportStatus Status(string code) => code.Trim().ToUpperInvariant() switch
    {
        "O" or "I" => DiagnosticReport.DiagnosticReportStatus.Registered,
        "S" or "A" => DiagnosticReport.DiagnosticReportStatus.Partial,
        "P" or "R" => DiagnosticReport.DiagnosticReportStatus.Preliminary,
        "C" => DiagnosticReport.DiagnosticReportStatus.Corrected,
        "F" => DiagnosticReport.DiagnosticReportStatus.Final,
        "X" => DiagnosticReport.DiagnosticReportStatus.Cancelled,
        _ => DiagnosticReport.DiagnosticReportStatus.Unknown,
    };
}
