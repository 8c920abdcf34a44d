using FhirChain.FhirApi.Auth;
using FhirChain.FhirApi.Search;
using FhirChain.FhirApi.Storage;

namespace FhirChain.FhirApi.Consents;

/// <summary>The search seam: every search, include, conditional match and history sees only the request's <see cref="DataScope"/>.</summary>
internal sealed class DataScopeSearchScope(DataScope scope, ResourceVisibility visibility) : ISearchScope
{
    public bool IsRestricted => scope.IsRestricted;

    public IQueryable<ResourceRow> Restrict(IQueryable<ResourceRow> rows, string? type = null) => scope.Apply(rows, type);

    public Task<IReadOnlyList<string>?> HiddenCandidatesAsync(string type, int limit, CancellationToken cancellationToken) =>
        scope.HiddenCandidatesAsync(type, limit, cancellationToken);

    public IQueryable<ResourceRow> RestrictIncluded(string type, IQueryable<ResourceRow> rows) => scope.ApplyToIncluded(type, rows);

    public bool MaySearchCompartment(string type, string patientId) => scope.Caller.GrantFor(type, SmartPermission.Search) switch
    {
        AccessGrant.Full => true,
        AccessGrant.PatientCompartment => scope.Caller.PatientId == patientId,
        _ => false,
    };

    public Task<int> CountHistoryAsync(HistoryRange range, CancellationToken cancellationToken) =>
        visibility.CountVisibleVersionsAsync(range, cancellationToken);

    public Task<List<ResourceVersionRow>> ReadHistoryAsync(IQueryable<ResourceVersionRow> versions, bool oldestFirst, int skip, int take, CancellationToken cancellationToken) =>
        visibility.ReadVisibleVersionsAsync(versions, oldestFirst, skip, take, cancellationToken);
}
