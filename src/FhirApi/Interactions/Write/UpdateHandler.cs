using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Storage;
using Mediator;

namespace FhirChain.FhirApi.Interactions.Write;

internal sealed class UpdateHandler(ResourceStore store, ResourceWriter writer) : IRequestHandler<UpdateRequest, FhirResponse>
{
    public async ValueTask<FhirResponse> Handle(UpdateRequest request, CancellationToken cancellationToken) =>
        await WriteUnit.RunAsync(store, session => writer.UpdateAsync(session, request.Type, request.Id, request.Resource, request.Conditions, cancellationToken), cancellationToken);
}
