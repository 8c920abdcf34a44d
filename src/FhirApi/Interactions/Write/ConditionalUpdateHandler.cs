using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Storage;
using Mediator;

namespace FhirChain.FhirApi.Interactions.Write;

internal sealed class ConditionalUpdateHandler(ResourceStore store, ResourceWriter writer) : IRequestHandler<ConditionalUpdateRequest, FhirResponse>
{
    public async ValueTask<FhirResponse> Handle(ConditionalUpdateRequest request, CancellationToken cancellationToken) =>
        await WriteUnit.RunAsync(store, session => writer.ConditionalUpdateAsync(session, request.Type, request.Criteria, request.Resource, request.Conditions, cancellationToken), cancellationToken);
}
