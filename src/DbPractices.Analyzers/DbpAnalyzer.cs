namespace DbPractices.Analyzers;

/// <summary>
/// Base of every DbPractices analyzer: analyzes generated code never (migration rules opt in), runs
/// concurrently, and registers nothing when the compilation does not reference EF Core.
/// </summary>
public abstract class DbpAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Migration rules read EF's scaffolded (auto-generated) migration files; the others never do.</summary>
    protected virtual bool AnalyzeGeneratedCode => false;

    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(AnalyzeGeneratedCode
            ? GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics
            : GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (EfSymbols.For(start.Compilation) is { } symbols)
            {
                OnCompilationStart(start, symbols);
            }
        });
    }

    private protected abstract void OnCompilationStart(CompilationStartAnalysisContext context, EfSymbols symbols);
}
