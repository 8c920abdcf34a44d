using FhirChain.FhirApi.Storage;

namespace FhirChain.FhirApi.Search;

/// <summary>Narrows what a search or a history may see (consent and compartment rules live behind it, in Consent/).</summary>
internal interface ISearchScope
{
    /// <summary>
    /// The current resources a search, include or conditional match may see; <paramref name="type"/> is the
    /// one type <paramref name="rows"/> are already narrowed to, when they are (a type search).
    /// </summary>
    IQueryable<ResourceRow> Restrict(IQueryable<ResourceRow> rows, string? type = null);

    /// <summary>The stored versions a type or system history may show: those of resources the request may see, deleted ones included.</summary>
    Task<IQueryable<ResourceVersionRow>> RestrictHistoryAsync(IQueryable<ResourceVersionRow> versions, CancellationToken cancellationToken);
}
