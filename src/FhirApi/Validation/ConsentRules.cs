using FluentValidation;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Validation;

/// <summary>Business rules for Consent that the consent engine relies on.</summary>
internal sealed class ConsentRules : AbstractValidator<Consent>
{
    public ConsentRules()
    {
        RuleFor(c => c.Provision)
            .Must(p => p is null || PeriodIsOrdered(p.Period))
            .WithName("Consent.provision.period")
            .WithMessage("Consent.provision.period starts after it ends.");
        RuleFor(c => c.Patient)
            .Must(p => p is null || !string.IsNullOrWhiteSpace(p.Reference) || p.Identifier is not null)
            .WithName("Consent.patient")
            .WithMessage("Consent.patient needs a reference or an identifier.");
    }

    private static bool PeriodIsOrdered(Period? period) =>
        period?.Start is null || period.End is null || string.CompareOrdinal(period.Start, period.End) <= 0;
}
