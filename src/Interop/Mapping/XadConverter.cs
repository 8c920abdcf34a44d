using FhirChain.Interop.Er7;
using Hl7.Fhir.Model;

namespace FhirChain.Interop.Mapping;

/// <summary>XAD to Address: street and other designation to lines, city, state, postal code, country, county (XAD.9) to district, type (table 0190) to use/type, XAD.13/14 to period.</summary>
internal static class XadConverter
{
    public static Address? ToAddress(Hl7Repetition xad)
    {
        string Part(int n) => xad.Component(n).Value.Trim();
        var lines = new[] { Part(1), Part(2) }.Where(l => l.Length > 0).ToList();
        var address = new Address
        {
            Line = lines,
            City = NullIfEmpty(Part(3)),
            State = NullIfEmpty(Part(4)),
            PostalCode = NullIfEmpty(Part(5)),
            Country = NullIfEmpty(Part(6)),
            District = NullIfEmpty(Part(9)),
        };
        if (lines.Count == 0 && address.City is null && address.State is null && address.PostalCode is null && address.Country is null)
        {
            return null;
        }

        switch (Part(7))
        {
            case "H" or "P":
                address.Use = Address.AddressUse.Home;
                break;
            case "B" or "O":
                address.Use = Address.AddressUse.Work;
                break;
            case "C" or "V":
                address.Use = Address.AddressUse.Temp;
                break;
            case "BA" or "BDL":
                address.Use = Address.AddressUse.Old;
                break;
            case "M":
                address.Type = Address.AddressType.Postal;
                break;
            case "SH":
                address.Type = Address.AddressType.Physical;
                break;
        }

        var start = TsConverter.ToDate(Part(13));
        var end = TsConverter.ToDate(Part(14));
        if (start is not null || end is not null)
        {
            address.Period = new Period
            {
                StartElement = start is null ? null : new FhirDateTime(start.Value),
                EndElement = end is null ? null : new FhirDateTime(end.Value),
            };
        }

        return address;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
