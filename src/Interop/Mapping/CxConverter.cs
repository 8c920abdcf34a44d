using FhirChain.Interop.Er7;
using Hl7.Fhir.Model;

namespace FhirChain.Interop.Mapping;

/// <summary>
/// CX to Identifier: CX.1 value, CX.4 assigning authority to system (see
/// <see cref="IdentifierSystems"/>; the sending facility's namespace when CX.4 is empty),
/// CX.5 identifier type (v2-0203), CX.7/CX.8 effective and expiration dates to period.
/// </summary>
internal static class CxConverter
{
    public static Identifier? ToIdentifier(Hl7Repetition cx, string fallbackAuthority)
    {
        var value = cx.Component(1).Value.Trim();
        if (value.Length == 0)
        {
            return null;
        }

        var authority = cx.Component(4);
        var system = IdentifierSystems.FromAuthority(authority.SubComponent(1), authority.SubComponent(2), authority.SubComponent(3));
        var typeCode = cx.Component(5).Value.Trim();
        if (system is null && typeCode == "SS")
        {
            system = "http://hl7.org/fhir/sid/us-ssn";
        }

        system ??= IdentifierSystems.FromAuthority(fallbackAuthority, string.Empty, string.Empty);
        var identifier = new Identifier(system, value);
        if (typeCode.Length > 0)
        {
            identifier.Type = new CodeableConcept(CodeSystems.V2Prefix + "0203", typeCode);
        }

        var start = TsConverter.ToDate(cx.Component(7).Value);
        var end = TsConverter.ToDate(cx.Component(8).Value);
        if (start is not null || end is not null)
        {
            identifier.Period = new Period { StartElement = ToDateTime(start), EndElement = ToDateTime(end) };
        }

        return identifier;
    }

    private static FhirDateTime? ToDateTime(Date? date) => date is null ? null : new FhirDateTime(date.Value);
}
