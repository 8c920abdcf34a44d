using FhirChain.FhirApi.Fhir;
using Mediator;

namespace FhirChain.FhirApi.Interactions.History;

/// <summary>
/// FHIR history at system (<c>GET [base]/_history</c>), type (<c>[type]/_history</c>) or instance
/// (<c>[type]/[id]/_history</c>) level, newest first, with <c>_since</c>, <c>_at</c>, <c>_count</c> and paging.
/// </summary>
internal sealed record HistoryRequest(string? Type, string? Id, IReadOnlyList<KeyValuePair<string, string>> Parameters, string BaseUrl) : IRequest<FhirResponse>;
