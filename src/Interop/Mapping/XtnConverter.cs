using System.Text;
using FhirChain.Interop.Er7;
using Hl7.Fhir.Model;

namespace FhirChain.Interop.Mapping;

/// <summary>
/// XTN to ContactPoint, both forms: the pre-2.3 free text in XTN.1, and the structured one
/// (XTN.2 use code, XTN.3 equipment type, XTN.4 email, XTN.5-8 country, area, local, extension,
/// XTN.12 unformatted number).
/// </summary>
internal static class XtnConverter
{
    public static ContactPoint? ToContactPoint(Hl7Repetition xtn, ContactPoint.ContactPointUse? defaultUse)
    {
        string Part(int n) => xtn.Component(n).Value.Trim();
        var useCode = Part(2);
        var equipment = Part(3);
        var point = new ContactPoint
        {
            Use = useCode switch
            {
                "PRN" or "ORN" => ContactPoint.ContactPointUse.Home,
                "WPN" => ContactPoint.ContactPointUse.Work,
                "VHN" => ContactPoint.ContactPointUse.Temp,
                "PRS" => ContactPoint.ContactPointUse.Mobile,
                _ => defaultUse,
            },
            System = equipment switch
            {
                "Internet" or "X.400" => ContactPoint.ContactPointSystem.Email,
                "FX" => ContactPoint.ContactPointSystem.Fax,
                "BP" => ContactPoint.ContactPointSystem.Pager,
                "PH" or "CP" or "SAT" => ContactPoint.ContactPointSystem.Phone,
                "MD" or "TDD" or "TTY" => ContactPoint.ContactPointSystem.Other,
                _ => useCode switch
                {
                    "NET" => ContactPoint.ContactPointSystem.Email,
                    "BPN" => ContactPoint.ContactPointSystem.Pager,
                    _ => null,
                },
            },
        };
        if (equipment == "CP")
        {
            point.Use = ContactPoint.ContactPointUse.Mobile;
        }

        var value = point.System == ContactPoint.ContactPointSystem.Email ? Part(4) : Number(Part(5), Part(6), Part(7), Part(8));
        if (value.Length == 0)
        {
            value = Part(12).Length > 0 ? Part(12) : Part(1);
        }

        if (value.Length == 0)
        {
            return null;
        }

        point.Value = value;
        point.System ??= value.Contains('@', StringComparison.Ordinal) ? ContactPoint.ContactPointSystem.Email : ContactPoint.ContactPointSystem.Phone;
        return point;
    }

    private static string Number(string country, string area, string local, string extension)
    {
        if (local.Length == 0)
        {
            return string.Empty;
        }

        var builder = new StringBuilder();
        if (country.Length > 0)
        {
            builder.Append('+').Append(country).Append(' ');
        }

        if (area.Length > 0)
        {
            builder.Append('(').Append(area).Append(") ");
        }

        builder.Append(local);
        if (extension.Length > 0)
        {
            builder.Append(" ext. ").Append(extension);
        }

        return builder.ToString();
    }
}
