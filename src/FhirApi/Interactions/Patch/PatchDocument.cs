using System.Text.Json.Nodes;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Interactions.Patch;

/// <summary>A patch body: JSON Patch operations, or a FHIRPath Patch <c>Parameters</c>.</summary>
internal sealed record PatchDocument(JsonArray? JsonPatch, Parameters? FhirPathPatch);
