using FluentValidation;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Validation;

/// <summary>Business rules for Observation beyond the base spec's cardinality and invariants.</summary>
internal sealed class ObservationRules : AbstractValidator<Observation>
{
    public ObservationRules()
    {
        RuleFor(o => o.Code)
            .Must(c => c is not null && (c.Coding.Count > 0 || !string.IsNullOrWhiteSpace(c.Text)))
            .WithName("Observation.code")
            .WithMessage("Observation.code needs at least one coding or a text.");
        RuleForEach(o => o.ReferenceRange)
            .Must(r => r.Low?.Value is not { } low || r.High?.Value is not { } high || low <= high)
            .WithName("Observation.referenceRange")
            .WithMessage("Observation.referenceRange.low is greater than its high.");
        RuleFor(o => o.Value)
            .Must(v => v is not Quantity q || q.Value is not null)
            .WithName("Observation.valueQuantity")
            .WithMessage("Observation.valueQuantity needs a value.");
    }
}
