using FhirChain.FhirApi.Storage;

namespace FhirChain.FhirApi.Search;

/// <summary>Narrows what a search or a history may see (consent and compartment rules live behind it, in Consent/).</summary>
internal interface ISearchScope
{
    /// <summary>The current resources a search, include or conditional match may see.</summary>
    IQueryable<ResourceRow> Restrict(IQueryable<ResourceRow> rows);

    /// <summary>The stored versions a history (instance, type or system) may show, each judged by its own content.</summary>
    Task<IQueryable<ResourceVersionRow>> RestrictHistoryAsync(IQueryable<ResourceVersionRow> versions, CancellationToken cancellationToken);
}
