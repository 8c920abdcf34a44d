namespace FhirChain.FhirApi.Search;

/// <summary>
/// One parameter of a parsed query: its definition, modifier and OR-ed values. Clauses are AND-ed.
/// A chained clause (<c>subject:Patient.name=x</c>) has a reference <see cref="Definition"/> and
/// the clause each possible target must satisfy in <see cref="Chain"/>; a reverse chain
/// (<c>_has:Observation:patient:code=x</c>) is the same with <see cref="Reverse"/> set, the
/// definition being the reference parameter on the source type.
/// </summary>
internal sealed record SearchClause(SearchParameterDefinition Definition, string? Modifier, IReadOnlyList<SearchValue> Values)
{
    public IReadOnlyList<ChainTarget> Chain { get; init; } = [];

    public bool Reverse { get; init; }

    /// <summary>For <c>:in</c>/<c>:not-in</c>: the codes of the named ValueSets (their union); for token <c>:above</c>/<c>:below</c>: the codes the values subsume or are subsumed by.</summary>
    public ValueSetCodes? Codes { get; init; }
}
