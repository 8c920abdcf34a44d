namespace FhirChain.FhirApi.Search;

/// <summary>One resource type a chain may lead to, and the clause resources of that type must match.</summary>
internal sealed record ChainTarget(string Type, SearchClause Clause);
