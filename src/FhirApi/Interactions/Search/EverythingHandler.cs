using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Search;
using Mediator;

namespace FhirChain.FhirApi.Interactions.Search;

internal sealed class EverythingHandler(SearchService search) : IRequestHandler<EverythingRequest, FhirResponse>
{
    public async ValueTask<FhirResponse> Handle(EverythingRequest request, CancellationToken cancellationToken) =>
        await search.EverythingAsync(request.PatientId, request.Parameters, request.BaseUrl, cancellationToken);
}
