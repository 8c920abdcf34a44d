namespace FhirChain.FhirApi.Search;

/// <summary>
/// The terminology a query's values name, loaded before parsing: the ValueSets of <c>:in</c>/<c>:not-in</c>
/// and the CodeSystems of token <c>:above</c>/<c>:below</c>. The parser itself never reads the database.
/// </summary>
internal sealed record Terminology(ValueSetExpansions ValueSets, CodeSystemHierarchies CodeSystems)
{
    public static Terminology None { get; } = new(ValueSetExpansions.None, CodeSystemHierarchies.None);
}
