using FhirChain.FhirApi.Fhir;

namespace FhirChain.FhirApi.Search;

/// <summary>The ids a conditional interaction's criteria match, or why the criteria are invalid.</summary>
internal sealed record SearchIdsResult(IReadOnlyList<string> Ids, FhirResponse? Error);
