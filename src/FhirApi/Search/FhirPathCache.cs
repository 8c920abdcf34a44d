using System.Collections.Concurrent;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;
using Hl7.FhirPath;
using Hl7.FhirPath.Expressions;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// Compiled FHIRPath expressions for indexing, kept for the life of the process. The SDK's own
/// cache holds 500 expressions; with per-type expressions for every resource type the indexer
/// uses thousands, and an undersized cache recompiles (and emits IL) on almost every call.
/// </summary>
internal static class FhirPathCache
{
    private static readonly FhirPathCompiler Compiler = new(new SymbolTable().AddStandardFP().AddFhirExtensions());
    private static readonly ConcurrentDictionary<string, CompiledExpression> Compiled = new(StringComparer.Ordinal);

    /// <summary>Evaluates <paramref name="expression"/> on <paramref name="node"/> and returns the POCO values.</summary>
    public static List<Base> Select(PocoNode node, string expression, FhirEvaluationContext context) =>
        Compiled.GetOrAdd(expression, Compiler.Compile).Invoke([node], context).Select(n => n.Poco).ToList();

    /// <summary>Evaluates on a POCO that is not yet wrapped.</summary>
    public static List<Base> Select(Base element, string expression, FhirEvaluationContext context) =>
        Select(element.ToPocoNode(), expression, context);
}
