using FhirChain.Interop.Acks;

namespace FhirChain.Interop.Mapping;

/// <summary>A message that was not mapped: AR (unsupported type or event) or AE (content that cannot be processed), with ERR details.</summary>
public sealed record V2MappingFailure(AckCode Code, IReadOnlyList<AckError> Errors) : V2MappingResult;
