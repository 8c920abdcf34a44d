namespace FhirChain.FhirApi.Search;

internal static class SearchDefaults
{
    public const int PageSize = 20;
    public const int MaxPageSize = 1000;

    /// <summary>Longest chain (forward or <c>_has</c>) a parameter name may have.</summary>
    public const int MaxChainDepth = 4;

    /// <summary>Most resources <c>_include</c>/<c>_revinclude</c> add to one page, iterations included.</summary>
    public const int MaxIncluded = 1000;

    /// <summary>How many rounds <c>:iterate</c> includes follow.</summary>
    public const int MaxIncludeIterations = 4;
}
