using FhirChain.Interop.Er7;
using Hl7.Fhir.Model;

namespace FhirChain.Interop.Mapping;

/// <summary>
/// XPN (and the name part of XCN) to HumanName: family, given, second given (middle), suffix
/// and degree to suffix, prefix, name type (table 0200) to use, validity dates to period.
/// </summary>
internal static class XpnConverter
{
    public static HumanName? ToHumanName(Hl7Repetition xpn) => ToHumanName(xpn, 0);

    /// <summary>XCN carries the name from component 2 on: offset 1.</summary>
    public static HumanName? ToHumanName(Hl7Repetition name, int offset)
    {
        string Part(int n) => name.Component(n + offset).Value.Trim();
        var human = new HumanName();
        if (Part(1).Length > 0)
        {
            human.Family = Part(1);
        }

        var given = new[] { Part(2), Part(3) }.Where(g => g.Length > 0).ToList();
        if (given.Count > 0)
        {
            human.Given = given;
        }

        var suffixes = new[] { Part(4), Part(6) }.Where(s => s.Length > 0).ToList();
        if (suffixes.Count > 0)
        {
            human.Suffix = suffixes;
        }

        if (Part(5).Length > 0)
        {
            human.Prefix = [Part(5)];
        }

        if (human.Family is null && human.Given.Any() is false && human.Prefix.Any() is false)
        {
            return null;
        }

        if (offset == 0)
        {
            human.Use = Part(7) switch
            {
                "L" or "C" => HumanName.NameUse.Official,
                "D" or "A" or "T" => HumanName.NameUse.Usual,
                "M" => HumanName.NameUse.Maiden,
                "N" => HumanName.NameUse.Nickname,
                "S" => HumanName.NameUse.Anonymous,
                "B" or "BAD" => HumanName.NameUse.Old,
                _ => null,
            };
            var start = TsConverter.ToDate(Part(12));
            var end = TsConverter.ToDate(Part(13));
            if (start is not null || end is not null)
            {
                human.Period = new Period
                {
                    StartElement = start is null ? null : new FhirDateTime(start.Value),
                    EndElement = end is null ? null : new FhirDateTime(end.Value),
                };
            }
        }

        return human;
    }

    /// <summary>"Family, Given Middle" for a display string.</summary>
    public static string Display(HumanName name)
    {
        var given = string.Join(' ', name.Given);
        return name.Family is null ? given : given.Length == 0 ? name.Family : name.Family + ", " + given;
    }
}
