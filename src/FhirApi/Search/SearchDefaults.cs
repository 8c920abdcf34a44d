namespace FhirChain.FhirApi.Search;

internal static class SearchDefaults
{
    public const int PageSize = 20;
    public const int MaxPageSize = 1000;
}
