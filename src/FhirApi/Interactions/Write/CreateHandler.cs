using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Storage;
using Mediator;

namespace FhirChain.FhirApi.Interactions.Write;

internal sealed class CreateHandler(ResourceStore store, ResourceWriter writer) : IRequestHandler<CreateRequest, FhirResponse>
{
    public async ValueTask<FhirResponse> Handle(CreateRequest request, CancellationToken cancellationToken)
    {
        if (request.Resource.TypeName != request.Type)
        {
            return Outcomes.BadRequest($"The body is a {request.Resource.TypeName}, but the URL is for {request.Type}.", "resourceType");
        }

        return await WriteUnit.RunAsync(store, session => writer.CreateAsync(session, request.Resource, request.Conditions, cancellationToken), cancellationToken);
    }
}
