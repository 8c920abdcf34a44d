using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Search;
using Mediator;

namespace FhirChain.FhirApi.Interactions.Search;

internal sealed class SearchHandler(SearchService search) : IRequestHandler<SearchRequest, FhirResponse>
{
    public async ValueTask<FhirResponse> Handle(SearchRequest request, CancellationToken cancellationToken) =>
        await search.SearchTypeAsync(request.Type, request.Parameters, request.Strict, request.BaseUrl, cancellationToken);
}
