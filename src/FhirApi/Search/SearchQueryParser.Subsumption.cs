namespace FhirChain.FhirApi.Search;

/// <summary><c>:above</c> and <c>:below</c> on token parameters: subsumption in CodeSystems stored on this server.</summary>
internal sealed partial class SearchQueryParser
{
    /// <summary>
    /// Each value is <c>system|code</c>; <c>:below</c> matches the code and the codes it subsumes,
    /// <c>:above</c> the code and the codes that subsume it (R4 search, token modifiers). The
    /// subsumed codes are listed from the stored CodeSystem and the clause is an <c>:in</c> over
    /// them. A value without both a system and a code is malformed (400), and so is a code the
    /// stored system does not define; a system not stored here, or one whose hierarchy cannot be
    /// used, is unsupported (400 when strict, ignored and reported when lenient).
    /// </summary>
    private static Built BuildSubsumption(SearchParameterDefinition definition, string name, string modifier, string value, Terminology terminology)
    {
        var bySystem = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var part in SplitOr(value))
        {
            var bar = part.IndexOf('|', StringComparison.Ordinal);
            if (bar <= 0 || bar == part.Length - 1)
            {
                return Built.Bad($"Parameter '{name}' needs a value of the form system|code, not '{part}': subsumption is defined within one code system.");
            }

            var (system, code) = (part[..bar], part[(bar + 1)..]);
            switch (terminology.CodeSystems.Find(system))
            {
                case null:
                    return Built.Unsupported($"Parameter '{name}' cannot be evaluated: code system '{system}' is not stored on this server, and testing subsumption in it needs a terminology server.");
                case { Problem: { } problem }:
                    return Built.Unsupported($"Parameter '{name}' cannot be evaluated: CodeSystem '{system}' {problem}");
                case var hierarchy when !hierarchy.Defines(code):
                    return Built.Bad($"Parameter '{name}': code '{code}' is not defined by CodeSystem '{system}'.");
                case var hierarchy:
                    if (!bySystem.TryGetValue(system, out var codes))
                    {
                        bySystem[system] = codes = new HashSet<string>(StringComparer.Ordinal);
                    }

                    codes.UnionWith(modifier == "below" ? hierarchy.Below(code) : hierarchy.Above(code));
                    break;
            }
        }

        var subsumed = new ValueSetCodes(bySystem.ToDictionary(kv => kv.Key, kv => (IReadOnlySet<string>)kv.Value, StringComparer.Ordinal));
        return Built.Of(new SearchClause(definition, modifier, [.. SplitOr(value).Select(v => new SearchValue(SearchPrefix.Eq, v))]) { Codes = subsumed });
    }

    /// <summary>
    /// The code systems a query's <c>:above</c>/<c>:below</c> values name (what <see cref="CodeSystemResolver"/>
    /// must load). Uri parameters take the same modifiers; their values are looked up too and simply not found.
    /// </summary>
    public static IEnumerable<string> CodeSystemReferences(IEnumerable<KeyValuePair<string, string>> parameters) =>
        parameters
            .Where(p => p.Key.EndsWith(":above", StringComparison.Ordinal) || p.Key.EndsWith(":below", StringComparison.Ordinal))
            .SelectMany(p => SplitOr(p.Value))
            .Select(v => v.IndexOf('|', StringComparison.Ordinal) is var bar and > 0 ? v[..bar] : null)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal);
}
