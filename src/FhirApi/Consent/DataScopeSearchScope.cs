using FhirChain.FhirApi.Search;
using FhirChain.FhirApi.Storage;

namespace FhirChain.FhirApi.Consents;

/// <summary>The search seam: every search, include, conditional match and history sees only the request's <see cref="DataScope"/>.</summary>
internal sealed class DataScopeSearchScope(DataScope scope, ResourceVisibility visibility) : ISearchScope
{
    public IQueryable<ResourceRow> Restrict(IQueryable<ResourceRow> rows, string? type = null) => scope.Apply(rows, type);

    public Task<IQueryable<ResourceVersionRow>> RestrictHistoryAsync(IQueryable<ResourceVersionRow> versions, CancellationToken cancellationToken) =>
        visibility.RestrictVersionsAsync(versions, cancellationToken);
}
