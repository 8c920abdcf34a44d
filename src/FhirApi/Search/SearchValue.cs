namespace FhirChain.FhirApi.Search;

/// <summary>One value of a search parameter (one of an OR list), with its prefix split off where the type has prefixes.</summary>
internal sealed record SearchValue(SearchPrefix Prefix, string Raw);
