using FhirChain.FhirApi.Fhir;
using Hl7.Fhir.Model;
using Mediator;

namespace FhirChain.FhirApi.Interactions.Write;

/// <summary>FHIR create: <c>POST [base]/[type]</c>, conditional with <c>If-None-Exist</c>.</summary>
internal sealed record CreateRequest(string Type, Resource Resource, WriteConditions Conditions) : IRequest<FhirResponse>, Pipeline.IAddressesResource
{
    string? Pipeline.IAddressesResource.Id => null;
}
