// The back office's modules, in menu order. A new module (pricing, stores, inventory, ...) adds
// its folder under src/<module>/ and one line here.
import type { AppModule } from './core/module';
import { catalogModule } from './catalog';
import { platformModule } from './platform';
import { securityModule } from './security';

export const modules: AppModule[] = [catalogModule, securityModule, platformModule];
