using FhirChain.FhirApi.Audit;
using FhirChain.FhirApi.Auth;
using FhirChain.FhirApi.Bundles;
using FhirChain.FhirApi.Consents;
using FhirChain.FhirApi.Export;
using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Hl7v2;
using FhirChain.FhirApi.Interactions;
using FhirChain.FhirApi.Interactions.Capabilities;
using FhirChain.FhirApi.Interactions.Patch;
using FhirChain.FhirApi.Log;
using FhirChain.FhirApi.Pipeline;
using FhirChain.FhirApi.Rest;
using FhirChain.FhirApi.Search;
using FhirChain.FhirApi.Storage;
using FhirChain.FhirApi.Validation;
using FhirChain.Interop.Mapping;
using FluentValidation;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Hosting;

/// <summary>Everything the server registers, in one place; the mediator's behaviour order is declared here.</summary>
internal static class ServerSetup
{
    public static IServiceCollection AddFhirChain(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddFhirStorage(configuration);

        services.AddOptions<FhirServerOptions>().BindConfiguration(FhirServerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ProvenanceOptions>().BindConfiguration(ProvenanceOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<FhirSerializer>();
        services.AddSingleton<SearchParameterRegistry>();
        services.AddSingleton<SearchQueryParser>();
        services.AddSingleton<IndexValueExtractor>();
        services.AddSingleton<SearchIndexer>();
        services.AddSingleton<CapabilityStatementBuilder>();

        services.AddSingleton<IValidator<Patient>, PatientRules>();
        services.AddSingleton<IValidator<Observation>, ObservationRules>();
        services.AddSingleton<IValidator<Consent>, ConsentRules>();
        services.AddSingleton<ResourceValidator>();

        services.AddSingleton<CheckpointTrigger>();
        services.AddSingleton<ProvenanceLog>();
        services.AddSingleton<LogSigningKey>();
        services.AddSingleton<CheckpointService>();
        services.AddSingleton<VerifiedNodeCache>();
        services.AddSingleton<RebuiltLeafCache>();
        services.AddSingleton<LogVerifier>();
        services.AddSingleton<LogAuditor>();
        services.AddHostedService<CheckpointSigner>();

        services.AddScoped<ResourceStore>();
        services.AddScoped<SearchService>();
        services.AddScoped<ValueSetResolver>();
        services.AddScoped<CodeSystemResolver>();
        services.AddScoped<SearchTotals>();
        services.AddScoped<ResourceWriter>();
        services.AddScoped<PatchApplier>();
        services.AddScoped<VersionResponses>();
        services.AddScoped<ReferenceResolver>();
        services.AddScoped<EntryExecutor>();
        services.AddScoped<EntryResponses>();
        services.AddScoped<TransactionProcessor>();
        services.AddScoped<BatchProcessor>();
        services.AddScoped<BodyParser>();

        services.AddOptions<MllpOptions>().BindConfiguration(MllpOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(new V2ToFhirMapper());
        services.AddScoped<Hl7Ingest>();
        services.AddSingleton<MllpEndpoint>();
        services.AddHostedService<MllpService>();

        services.AddFhirAuth(configuration);
        services.AddOptions<ConsentOptions>().BindConfiguration(ConsentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ConsentCache>();
        services.AddSingleton<CompartmentWriteCheck>();
        services.AddScoped<DataScope>();
        services.AddSingleton<ContentFactsCache>();
        services.AddScoped<ResourceVisibility>();
        services.AddScoped<WriteAccess>();
        services.AddScoped<ISearchScope, DataScopeSearchScope>();
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<AuditWriter>();
        services.AddSingleton<AuthenticationFailureWindows>();
        services.AddHostedService(provider => provider.GetRequiredService<AuditWriter>());
        // Registered after the writer, so it stops first; the writer closes the open windows as it stops.
        services.AddHostedService<AuthenticationFailureWindowCloser>();
        services.AddOptions<ExportOptions>().BindConfiguration(ExportOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<ExportService>();
        services.AddScoped<ExportJobProcessor>();
        services.AddScoped<ResearchExportFilter>();
        services.AddHostedService<ExportJobRunner>();

        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            // The order every request passes through, first to last.
            options.PipelineBehaviors =
            [
                typeof(ResourceAddressBehavior<,>),
                typeof(AuditEventGuardBehavior<,>),
                typeof(AuditBehavior<,>),
                typeof(SmartScopeBehavior<,>),
                typeof(ConsentBehavior<,>),
            ];
        });

        return services;
    }

    public static WebApplication UseFhirChain(this WebApplication app)
    {
        app.UseFhirErrorResponses();
        app.UseBearerRequirement();
        app.MapFhirEndpoints();
        app.MapExportEndpoints();
        app.MapSmartConfiguration();
        app.MapLogEndpoints();
        app.MapHl7Endpoints();
        return app;
    }
}
