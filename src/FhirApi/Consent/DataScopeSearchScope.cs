using FhirChain.FhirApi.Search;
using FhirChain.FhirApi.Storage;

namespace FhirChain.FhirApi.Consents;

/// <summary>The search seam: every search, include and conditional match sees only the request's <see cref="DataScope"/>.</summary>
internal sealed class DataScopeSearchScope(DataScope scope) : ISearchScope
{
    public IQueryable<ResourceRow> Restrict(IQueryable<ResourceRow> rows) => scope.Apply(rows);
}
