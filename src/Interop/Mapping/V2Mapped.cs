using Hl7.Fhir.Model;

namespace FhirChain.Interop.Mapping;

/// <summary>A message mapped to one FHIR transaction Bundle.</summary>
public sealed record V2Mapped(Bundle Transaction, string ControlId, string SendingApplication, string SendingFacility, string MessageType) : V2MappingResult;
