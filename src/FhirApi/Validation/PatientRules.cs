using FluentValidation;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Validation;

/// <summary>Business rules for Patient beyond the base spec's cardinality and invariants.</summary>
internal sealed class PatientRules : AbstractValidator<Patient>
{
    public PatientRules(TimeProvider clock)
    {
        RuleFor(p => p.BirthDate)
            .Must(date => date is null || string.CompareOrdinal(date, clock.GetUtcNow().AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)) <= 0)
            .WithName("Patient.birthDate")
            .WithMessage("Patient.birthDate is in the future.");
        RuleForEach(p => p.Identifier)
            .Must(i => !string.IsNullOrWhiteSpace(i.Value) || i.Extension.Count > 0)
            .WithName("Patient.identifier")
            .WithMessage("Every Patient.identifier needs a value.");
        RuleForEach(p => p.Link)
            .Must(l => l.Other is not null && l.Type is not null)
            .WithName("Patient.link")
            .WithMessage("Every Patient.link needs 'other' and 'type'.");
    }
}
