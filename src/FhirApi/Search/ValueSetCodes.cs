namespace FhirChain.FhirApi.Search;

/// <summary>The codes a ValueSet contains, by code system (the empty string for codes given without one).</summary>
internal sealed record ValueSetCodes(IReadOnlyDictionary<string, IReadOnlySet<string>> BySystem)
{
    public static ValueSetCodes Union(IEnumerable<ValueSetCodes> sets)
    {
        var merged = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (system, codes) in sets.SelectMany(s => s.BySystem))
        {
            if (!merged.TryGetValue(system, out var target))
            {
                merged[system] = target = new HashSet<string>(StringComparer.Ordinal);
            }

            target.UnionWith(codes);
        }

        return new ValueSetCodes(merged.ToDictionary(kv => kv.Key, kv => (IReadOnlySet<string>)kv.Value, StringComparer.Ordinal));
    }
}
