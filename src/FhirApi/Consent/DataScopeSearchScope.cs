using FhirChain.FhirApi.Search;
using FhirChain.FhirApi.Storage;

namespace FhirChain.FhirApi.Consents;

/// <summary>The search seam: every search, include, conditional match and history sees only the request's <see cref="DataScope"/>.</summary>
internal sealed class DataScopeSearchScope(DataScope scope, ResourceVisibility visibility) : ISearchScope
{
    public bool IsRestricted => scope.IsRestricted;

    public IQueryable<ResourceRow> Restrict(IQueryable<ResourceRow> rows) => scope.Apply(rows);

    public Task<IQueryable<ResourceVersionRow>> RestrictHistoryAsync(IQueryable<ResourceVersionRow> versions, CancellationToken cancellationToken) =>
        visibility.RestrictVersionsAsync(versions, cancellationToken);
}
