using FhirChain.FhirApi.Fhir;
using Hl7.Fhir.Model;
using Mediator;

namespace FhirChain.FhirApi.Interactions.Write;

/// <summary>FHIR update: <c>PUT [base]/[type]/[id]</c> (update-as-create when the id is new), with <c>If-Match</c>.</summary>
internal sealed record UpdateRequest(string Type, string Id, Resource Resource, WriteConditions Conditions) : IRequest<FhirResponse>, Pipeline.IAddressesResource;
