namespace FhirChain.FhirApi.Search;

/// <summary><c>:in</c> and <c>:not-in</c> on token parameters: the codes of ValueSets stored on this server.</summary>
internal sealed partial class SearchQueryParser
{
    /// <summary>
    /// Each value names a ValueSet (canonical URL, optionally <c>|version</c>, or <c>ValueSet/id</c>);
    /// the clause matches codes of any of them. An unknown ValueSet is malformed input (400 naming
    /// it); one this server cannot expand is unsupported (400 when strict, ignored and reported
    /// with the reason when lenient).
    /// </summary>
    private static Built BuildInValueSet(SearchParameterDefinition definition, string name, string value, Terminology terminology)
    {
        var sets = new List<ValueSetCodes>();
        foreach (var reference in SplitOr(value))
        {
            switch (terminology.ValueSets.Find(reference))
            {
                case null:
                    return Built.Bad($"Parameter '{name}': ValueSet '{reference}' is not stored on this server.");
                case { Codes: null, Problem: var problem }:
                    return Built.Unsupported($"Parameter '{name}' cannot be evaluated: ValueSet '{reference}' {problem}");
                case { Codes: { } codes }:
                    sets.Add(codes);
                    break;
            }
        }

        var modifier = name[(name.LastIndexOf(':') + 1)..];
        return Built.Of(new SearchClause(definition, modifier, [.. SplitOr(value).Select(v => new SearchValue(SearchPrefix.Eq, v))]) { Codes = ValueSetCodes.Union(sets) });
    }

    /// <summary>The ValueSet references of a query's <c>:in</c>/<c>:not-in</c> parameters (what <see cref="ValueSetResolver"/> must load).</summary>
    public static IEnumerable<string> ValueSetReferences(IEnumerable<KeyValuePair<string, string>> parameters) =>
        parameters
            .Where(p => p.Key.EndsWith(":in", StringComparison.Ordinal) || p.Key.EndsWith(":not-in", StringComparison.Ordinal))
            .SelectMany(p => SplitOr(p.Value))
            .Where(r => r.Length > 0)
            .Distinct(StringComparer.Ordinal);
}
