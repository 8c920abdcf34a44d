using System.Collections.Frozen;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// A small table of UCUM units converted to a base unit at index and query time, so
/// <c>value-quantity=1|http://unitsofmeasure.org|g</c> matches <c>1000 mg</c>. Covers mass, length,
/// time, volume and the common lab concentration units; anything else is compared as written.
/// </summary>
internal static class UcumUnits
{
    public const string System = "http://unitsofmeasure.org";

    private static readonly FrozenDictionary<string, (string Canonical, double Factor)> Table = new Dictionary<string, (string, double)>(StringComparer.Ordinal)
    {
        // mass -> g
        ["kg"] = ("g", 1e3), ["g"] = ("g", 1), ["mg"] = ("g", 1e-3), ["ug"] = ("g", 1e-6), ["ng"] = ("g", 1e-9),
        ["[lb_av]"] = ("g", 453.59237), ["[oz_av]"] = ("g", 28.349523125),

        // length -> m
        ["km"] = ("m", 1e3), ["m"] = ("m", 1), ["cm"] = ("m", 1e-2), ["mm"] = ("m", 1e-3), ["um"] = ("m", 1e-6),
        ["[in_i]"] = ("m", 0.0254), ["[ft_i]"] = ("m", 0.3048),

        // time -> s
        ["ms"] = ("s", 1e-3), ["s"] = ("s", 1), ["min"] = ("s", 60), ["h"] = ("s", 3600), ["d"] = ("s", 86400),
        ["wk"] = ("s", 604800), ["mo"] = ("s", 2629800), ["a"] = ("s", 31557600),

        // volume -> L
        ["L"] = ("L", 1), ["dL"] = ("L", 0.1), ["mL"] = ("L", 1e-3), ["uL"] = ("L", 1e-6),

        // mass concentration -> g/L
        ["g/L"] = ("g/L", 1), ["g/dL"] = ("g/L", 10), ["mg/dL"] = ("g/L", 1e-2), ["mg/L"] = ("g/L", 1e-3), ["ug/L"] = ("g/L", 1e-6), ["ug/dL"] = ("g/L", 1e-5),

        // substance concentration -> mol/L
        ["mol/L"] = ("mol/L", 1), ["mmol/L"] = ("mol/L", 1e-3), ["umol/L"] = ("mol/L", 1e-6), ["nmol/L"] = ("mol/L", 1e-9),

        // pressure -> Pa
        ["Pa"] = ("Pa", 1), ["kPa"] = ("Pa", 1e3), ["mm[Hg]"] = ("Pa", 133.322387415),

        // temperature differences are not linear (Cel/[degF]); only identical units compare.
        ["Cel"] = ("Cel", 1),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The base unit and value for a UCUM code in the table; null when the unit is not convertible here.</summary>
    public static (string Code, double Value)? ToCanonical(string? system, string? code, double value)
    {
        if (code is null || (system is not null && system != System) || !Table.TryGetValue(code, out var unit))
        {
            return null;
        }

        return (unit.Canonical, value * unit.Factor);
    }

    /// <summary>The multiplier from <paramref name="code"/> to its base unit, or null.</summary>
    public static (string Code, double Factor)? Factor(string? system, string? code) =>
        code is not null && (system is null || system.Length == 0 || system == System) && Table.TryGetValue(code, out var unit) ? unit : null;
}
