using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Search;
using Mediator;

namespace FhirChain.FhirApi.Interactions.Search;

internal sealed class SystemSearchHandler(SearchService search) : IRequestHandler<SystemSearchRequest, FhirResponse>
{
    public async ValueTask<FhirResponse> Handle(SystemSearchRequest request, CancellationToken cancellationToken) =>
        await search.SearchSystemAsync(request.Parameters, request.Strict, request.BaseUrl, cancellationToken);
}
