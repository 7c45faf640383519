// The back office's modules, in menu order. A new module (pricing, stores, inventory, ...) adds
// its folder under src/<module>/ and one line here.
import type { AppModule } from './core/module';
import { catalogModule } from './catalog';
import { inventoryModule } from './inventory';
import { localizationModule } from './localization';
import { membersModule } from './members';
import { platformModule } from './platform';
import { pricingModule } from './pricing';
import { searchModule } from './search';
import { securityModule } from './security';
import { storesModule } from './stores';

export const modules: AppModule[] = [catalogModule, pricingModule, inventoryModule, storesModule, localizationModule, membersModule, securityModule, platformModule, searchModule];
