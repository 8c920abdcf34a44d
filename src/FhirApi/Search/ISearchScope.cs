using FhirChain.FhirApi.Storage;

namespace FhirChain.FhirApi.Search;

/// <summary>Narrows what a search or a history may see (consent and compartment rules live behind it, in Consent/).</summary>
internal interface ISearchScope
{
    /// <summary>Whether anything narrows what this request sees (a patient compartment, research consents).</summary>
    bool IsRestricted { get; }

    /// <summary>
    /// The current resources a search, include or conditional match may see; <paramref name="type"/> is the
    /// one type <paramref name="rows"/> are already narrowed to, when they are (a type search).
    /// </summary>
    IQueryable<ResourceRow> Restrict(IQueryable<ResourceRow> rows, string? type = null);

    /// <summary>
    /// The ids of current resources of a type among which is every one <see cref="Restrict"/> hides, when
    /// they are at most <paramref name="limit"/> and can be listed cheaply; null otherwise (nothing narrows
    /// the request, a patient compartment does, or there are too many). A search counts its visible
    /// matches as all of them less those of these that are hidden.
    /// </summary>
    Task<IReadOnlyList<string>?> HiddenCandidatesAsync(string type, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The current resources of one type a search may add as <c>_include</c> or <c>_revinclude</c> results
    /// (also <c>:iterate</c>, <c>*</c> and <c>$everything</c>'s includes): those <see cref="Restrict"/>
    /// lets through, and only when the token's scopes grant reading the type; others are left out silently.
    /// </summary>
    IQueryable<ResourceRow> RestrictIncluded(string type, IQueryable<ResourceRow> rows);

    /// <summary>
    /// Whether the token's scopes grant searching a type within a patient's compartment (what
    /// <c>$everything</c> without <c>_type</c> returns): a <c>patient/</c> grant only for its own patient.
    /// </summary>
    bool MaySearchCompartment(string type, string patientId);

    /// <summary>How many versions in a history's range (instance, type or system) it may show, each judged by its own content.</summary>
    Task<int> CountHistoryAsync(HistoryRange range, CancellationToken cancellationToken);

    /// <summary>
    /// A page of the versions a history may show among <paramref name="versions"/>, in row order (newest
    /// first, or oldest first), after skipping <paramref name="skip"/> shown ones, at most <paramref name="take"/>:
    /// only as many versions are judged as the page needs.
    /// </summary>
    Task<List<ResourceVersionRow>> ReadHistoryAsync(IQueryable<ResourceVersionRow> versions, bool oldestFirst, int skip, int take, CancellationToken cancellationToken);
}
