using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Search;
using Mediator;

namespace FhirChain.FhirApi.Interactions.Search;

internal sealed class CompartmentSearchHandler(SearchService search) : IRequestHandler<CompartmentSearchRequest, FhirResponse>
{
    public async ValueTask<FhirResponse> Handle(CompartmentSearchRequest request, CancellationToken cancellationToken) =>
        await search.SearchCompartmentAsync(request.Compartment, request.CompartmentId, request.Type, request.Parameters, request.Strict, request.BaseUrl, cancellationToken);
}
