using FhirChain.FhirApi.Storage;

namespace FhirChain.FhirApi.Search;

/// <summary>Narrows what a search or a history may see (consent and compartment rules live behind it, in Consent/).</summary>
internal interface ISearchScope
{
    /// <summary>Whether <see cref="Restrict"/> narrows anything for this request (when not, a search may be counted from the index tables alone).</summary>
    bool IsRestricted { get; }

    /// <summary>The current resources a search, include or conditional match may see.</summary>
    IQueryable<ResourceRow> Restrict(IQueryable<ResourceRow> rows);

    /// <summary>The stored versions a type or system history may show: those of resources the request may see, deleted ones included.</summary>
    Task<IQueryable<ResourceVersionRow>> RestrictHistoryAsync(IQueryable<ResourceVersionRow> versions, CancellationToken cancellationToken);
}
