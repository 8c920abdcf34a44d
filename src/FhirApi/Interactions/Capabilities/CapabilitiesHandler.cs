using FhirChain.FhirApi.Fhir;
using Mediator;

namespace FhirChain.FhirApi.Interactions.Capabilities;

internal sealed class CapabilitiesHandler(CapabilityStatementBuilder builder) : IRequestHandler<CapabilitiesRequest, FhirResponse>
{
    public ValueTask<FhirResponse> Handle(CapabilitiesRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(FhirResponse.Of(StatusCodes.Status200OK, builder.Build(request.BaseUrl)));
}
