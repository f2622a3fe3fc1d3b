/* clausemark.h: the public interface of libclausemark, the GTK-free core of Clausemark. */
#pragma once

#define CLAUSEMARK_INSIDE
#include "cm-types.h"
#include "cm-extensions.h"
#include "cm-document.h"
#include "cm-text-index.h"
#include "cm-anchor.h"
#include "cm-checklist-item.h"
#include "cm-checklist-category.h"
#include "cm-checklist.h"
#include "cm-annotation.h"
#include "cm-verdict.h"
#include "cm-review.h"
#include "cm-store.h"
#include "cm-exporter.h"
#include "cm-importer.h"
#include "cm-plugin-engine.h"
#include "cm-safe-xml.h"
#include "cm-json.h"
#include "cm-review-merge.h"
#include "cm-agreement.h"
#include "cm-review-file.h"
#include "cm-section-map.h"
#include "cm-analyzer.h"
#undef CLAUSEMARK_INSIDE
