using FhirChain.FhirApi.Storage;

namespace FhirChain.FhirApi.Search;

/// <summary>Narrows the current resources a search may see (consent and compartment rules live behind it, in Consent/).</summary>
internal interface ISearchScope
{
    IQueryable<ResourceRow> Restrict(IQueryable<ResourceRow> rows);
}
