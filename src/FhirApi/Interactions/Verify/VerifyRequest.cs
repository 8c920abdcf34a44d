using FhirChain.FhirApi.Fhir;
using Mediator;

namespace FhirChain.FhirApi.Interactions.Verify;

/// <summary><c>$verify</c>: the proof that a version (or the current one) is what the log recorded.</summary>
internal sealed record VerifyRequest(string Type, string Id, string? VersionId) : IRequest<FhirResponse>, Pipeline.IAddressesResource;
