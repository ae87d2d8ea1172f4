// The namespaces most files of this project read (in place of the same using rows at the top of each file).
global using System;
global using System.Collections.Generic;
global using System.Collections.Immutable;
global using System.Threading;
global using Microsoft.CodeAnalysis;
global using Microsoft.CodeAnalysis.Diagnostics;
global using Microsoft.CodeAnalysis.Operations;
global using DbPractices.Analyzers.Model;
