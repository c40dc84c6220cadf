// Renders the topology page (src/topology/page.ts, the webview's HTML) in headless Chromium, exactly as the webview
// gets it, with dist/ served from a local HTTP server on 127.0.0.1 instead of the webview's resource scheme.
// Used by the webview test and by scripts/render-topology.mjs (the README's picture).
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

import { type Browser, type Page, chromium } from 'playwright-core';

import { type GraphResponse, makeNonce, topologyPage } from '../../src/topology/page';

export const EXTENSION_ROOT = path.resolve(__dirname, '..', '..', '..');
const DIST = path.join(EXTENSION_ROOT, 'dist');

/** Debian's Chromium, or CHROMIUM_BIN. */
export function chromiumBinary(): string {
    const bin = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
    if (!fs.existsSync(bin)) {
        throw new Error(`Chromium not found at ${bin}: apt-get install -y chromium (or set CHROMIUM_BIN)`);
    }
    return bin;
}

/** Flags for a quiet, offline, throwaway browser (Playwright adds --headless and a fresh --user-data-dir). */
export const CHROMIUM_ARGS = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-dev-shm-usage',
];

export interface Rendered {
    page: Page;
    origin: string;
    /** Every URL the page asked for. */
    requests: string[];
    /** Content-Security-Policy violations the page reported (`directive blocked-uri`). */
    violations(): Promise<string[]>;
    /** Uncaught errors and console errors of the page. */
    errors: string[];
    close(): Promise<void>;
}

export interface RenderOptions {
    data: GraphResponse;
    title?: string;
    /** Extra HTML put into the page's <body> (to prove the CSP blocks what it must). */
    inject?: string;
    /** A class on <body>, as VS Code sets `vscode-dark`. */
    bodyClass?: string;
    width?: number;
}

export async function launch(): Promise<Browser> {
    return chromium.launch({ executablePath: chromiumBinary(), headless: true, args: CHROMIUM_ARGS });
}

/** Opens the page for `data` in a new tab of `browser` and waits until it is drawn (or failed). */
export async function render(browser: Browser, options: RenderOptions): Promise<Rendered> {
    const nonce = makeNonce((n) => Uint8Array.from({ length: n }, () => Math.floor(Math.random() * 256)));
    let html = '';
    const requests: string[] = [];
    const server = http.createServer((request, response) => {
        const url = request.url ?? '/';
        if (url === '/') {
            response.setHeader('Content-Type', 'text/html; charset=utf-8');
            response.end(html);
            return;
        }
        const file = url.startsWith('/dist/') ? path.join(DIST, path.basename(url)) : '';
        if (file && fs.existsSync(file)) {
            response.setHeader('Content-Type', 'text/javascript; charset=utf-8');
            response.end(fs.readFileSync(file));
            return;
        }
        response.statusCode = 404;
        response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    html = topologyPage({
        cspSource: origin,
        nonce,
        mermaidUri: `${origin}/dist/mermaid.min.js`,
        scriptUri: `${origin}/dist/topology.js`,
        data: options.data,
        title: options.title ?? 'Consul topology',
    });
    if (options.inject) {
        html = html.replace('<div id="graph"', `${options.inject}\n<div id="graph"`);
    }
    if (options.bodyClass) {
        html = html.replace('<body data-state="loading">', `<body data-state="loading" class="${options.bodyClass}">`);
    }
    const page = await browser.newPage({ viewport: { width: options.width ?? 1100, height: 700 } });
    const errors: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
        // The browser asks for /favicon.ico by itself; our 404 for it is not the page's error.
        if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) {
            errors.push(`console: ${message.text()}`);
        }
    });
    // Runs in the page (before its scripts): record CSP violations.
    await page.addInitScript(() => {
        const w = globalThis as any;
        const seen: string[] = [];
        w.__violations = seen;
        w.document.addEventListener('securitypolicyviolation', (event: any) => {
            seen.push(`${event.violatedDirective} ${event.blockedURI}`);
        });
    });
    await page.goto(`${origin}/`);
    await page.waitForSelector('body[data-state="rendered"], body[data-state="error"]', { timeout: 60000 });
    return {
        page,
        origin,
        requests,
        errors,
        violations: () => page.evaluate(() => (globalThis as any).__violations as string[]),
        async close() {
            await page.close();
            await new Promise<void>((resolve) => server.close(() => resolve()));
        },
    };
}

export interface DrawnGraph {
    state: string;
    /** The text of each node, its lines joined by a space. */
    nodes: string[];
    clusters: string[];
    /** Edge paths, with their computed stroke colour. */
    edges: { id: string; stroke: string }[];
    /** Edge labels with their computed text colour. */
    labels: { text: string; color: string }[];
    findings: string[];
    error: string;
}

/** What the page drew, read from the SVG. */
export async function drawn(page: Page): Promise<DrawnGraph> {
    // Runs in the page.
    return page.evaluate(() => {
        const w = globalThis as any;
        const doc = w.document;
        const squash = (value: string) => value.replace(/\s+/g, ' ').trim();
        // A label's text with its lines (<br>) as spaces.
        const text = (element: any): string => {
            const html = element.querySelector?.('.nodeLabel, .edgeLabel span, foreignObject div');
            return squash(html?.innerText ?? element.textContent ?? '');
        };
        const all = (root: any, selector: string): any[] => (root ? [...root.querySelectorAll(selector)] : []);
        const svg = doc.querySelector('#graph svg');
        return {
            state: doc.body.dataset.state ?? '',
            nodes: all(svg, 'g.node').map(text),
            clusters: all(svg, 'g.cluster').map((c) => squash(c.textContent ?? '')),
            edges: all(svg, 'path.flowchart-link').map((p) => ({ id: p.id, stroke: w.getComputedStyle(p).stroke })),
            labels: all(svg, 'g.edgeLabel')
                .filter((l) => text(l).length > 0)
                .map((l) => {
                    const inner = l.querySelector('span, text, p') ?? l;
                    const style = w.getComputedStyle(inner);
                    return { text: text(l), color: style.color || style.fill };
                }),
            findings: all(doc, '#findings li').map((li) => squash(li.textContent ?? '')),
            error: doc.getElementById('error')?.textContent ?? '',
        };
    });
}

/**
 * The drawn SVG as a standalone file (for the README): serialised as XML (the labels are XHTML inside
 * <foreignObject>), with the size of its view box instead of the page's 100% width, on white.
 */
export async function svgOf(page: Page): Promise<string> {
    const svg = await page.evaluate(() => {
        const w = globalThis as any;
        const element = w.document.querySelector('#graph svg').cloneNode(true);
        const box = element.viewBox.baseVal;
        element.setAttribute('width', String(Math.ceil(box.width)));
        element.setAttribute('height', String(Math.ceil(box.height)));
        element.style.removeProperty('max-width');
        // Opaque, so the picture reads the same on a dark page.
        element.style.setProperty('background-color', '#ffffff');
        return new w.XMLSerializer().serializeToString(element) as string;
    });
    return `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`;
}

/** The colour of edges with findings (src/ide/graph/mermaid.rs `RED`) as the browser computes it. */
export const RED_RGB = 'rgb(211, 47, 47)';
