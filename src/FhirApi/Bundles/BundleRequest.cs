using FhirChain.FhirApi.Fhir;
using Hl7.Fhir.Model;
using Mediator;

namespace FhirChain.FhirApi.Bundles;

/// <summary>A batch or transaction Bundle posted to <c>[base]</c>.</summary>
internal sealed record BundleRequest(Bundle Bundle, string BaseUrl, bool ReturnMinimal) : IRequest<FhirResponse>;
